import { VersionGraph, VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'

export const versionGraph = VersionGraph.of(
  VersionInfo.of({
    version: '2.6.0:0.1',
    releaseNotes: 'Initial release',
    migrations: { up: async () => {}, down: IMPOSSIBLE },
  }),
)
