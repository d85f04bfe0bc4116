import type { BuildOptions } from 'esbuild';

/** The esbuild builds of the Node entry points (scripts/buildNodeOptions.mjs). */
export function nodeBuilds(outRoot?: string): { name: string; options: BuildOptions & { metafile: true } }[];

/** The esbuild options of a Node child a benchmark or a fault trial runs (scripts/buildNodeOptions.mjs). */
export function childBuild(entryPoints: Record<string, string>, outdir: string): BuildOptions;
