import { IMPOSSIBLE, VersionInfo } from '@start9labs/start-sdk'

export const v_2_4_0_1 = VersionInfo.of({
  version: '2.4.0:1-alpha.2',
  releaseNotes: 'Release 2.4.0:1-alpha.2',
  migrations: {
    up: async ({ effects }) => {},
    down: IMPOSSIBLE,
  },
})
