import { IMPOSSIBLE, VersionInfo } from '@start9labs/start-sdk'

export const v_2_3_0_0 = VersionInfo.of({
  version: '2.3.0:0',
  releaseNotes: 'Release 2.3.0:0',
  migrations: {
    up: async ({ effects }) => {},
    down: IMPOSSIBLE,
  },
})
