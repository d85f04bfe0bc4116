import type { BuildOptions } from 'esbuild';

/** The esbuild builds of the Node entry points (scripts/buildNodeOptions.mjs). */
export function nodeBuilds(outRoot?: string): { name: string; options: BuildOptions & { metafile: true } }[];
