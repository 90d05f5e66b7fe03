import { VersionGraph } from '@start9labs/start-sdk'
import { current } from './current'
import { v_6_0_0_2 } from './v6.0.0_2'
import { v_5_9_0_rc_1_0 } from './v5.9.0-rc.1_0'

export const versionGraph = VersionGraph.of({
  current,
  other: [v_6_0_0_2, v_5_9_0_rc_1_0],
})
