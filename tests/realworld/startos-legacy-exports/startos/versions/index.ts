import { VersionGraph } from '@start9labs/start-sdk'
import { v0361 } from './v0.3.6.1'
import { v0360 } from './v0.3.6.0'
import { v020_6 } from './v0_2_0_6'

export const versions = VersionGraph.of(v0361, v0360, v020_6)
