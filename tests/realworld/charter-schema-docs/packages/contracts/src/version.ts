export const SCHEMA_VERSION = '2' as const
