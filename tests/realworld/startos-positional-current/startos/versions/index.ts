import { VersionGraph } from '@start9labs/start-sdk'
import { v28_1_0_0 } from './v28.1.0.0'
import { v28_0_0_2 } from './v28.0.0.2'

export const versions = VersionGraph.of(v28_1_0_0, v28_0_0_2)
