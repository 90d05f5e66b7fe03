import { z } from 'zod'
import { SCHEMA_VERSION } from './version'

/** The snapshot the app and the service exchange. */
export const snapshotEnvelope = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  surfaceId: z.string(),
})
