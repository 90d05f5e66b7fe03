import { VersionGraph } from '@start9labs/start-sdk'
import { v_1_128_0_1 } from './v1.128.0_1'

export const versionGraph = VersionGraph.of({ current: v_1_128_0_1, other: [] })
