export const upstreamImage = 'ghcr.io/example/hub:v2.4.0'
export { v_2_4_0_1 as current } from './v2.4.0.1-alpha.0'

import { v_2_3_1_1 } from './v2.3.1.1'
import { v_2_3_0_0 } from './v2.3.0.0'

export const other = [
  v_2_3_1_1,
  v_2_3_0_0
]
