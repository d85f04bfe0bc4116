import type { GenerationInfo } from '../../hub/backup/restore';

/** The generations a restore may take: those that verified. */
export const listRestorable = (gens: readonly GenerationInfo[]) => gens.filter((g) => g.state === 'verified').map((g) => g.id);
