import { z } from 'zod'
import { SCHEMA_VERSION } from './version'

// the wire envelope: schemaVersion first, the shared constant
export const widgetTimelineEntry = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string(),
})

// another document with its own, independent version
export const diagnosticReport = z.object({
  generatedAt: z.string(),
  schemaVersion: z.literal('1'),
})
