import type { z } from 'zod';
import type { EventDef, ProcedureDef } from './contract-types';

/** A procedure of the contract, declared in its namespace's file (`'x.y': procedure({…})`), typed by its schemas. */
export const procedure = <I extends z.ZodType, O extends z.ZodType>(def: ProcedureDef<I, O>) => def;

/** An event of the contract, declared in its namespace's file (`'x.y': event({…})`), typed by its payload. */
export const event = <P extends z.ZodType>(def: EventDef<P>) => def;
