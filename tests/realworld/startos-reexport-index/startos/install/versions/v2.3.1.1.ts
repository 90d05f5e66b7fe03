import { IMPOSSIBLE, VersionInfo } from '@start9labs/start-sdk'

export const v_2_3_1_1 = VersionInfo.of({
  version: '2.3.1:1',
  releaseNotes: 'Release 2.3.1:1',
  migrations: {
    up: async ({ effects }) => {},
    down: IMPOSSIBLE,
  },
})
