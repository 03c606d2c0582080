import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * OpenAPI 3.0's `nullable`, not a union: the response serialiser writes it directly, where a union would make it run a
 * validator on every value to choose a branch.
 */
export const Nullable = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, nullable: true });
