import { VersionGraph, VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'

export const versionGraph = VersionGraph.of({
  current: VersionInfo.of({
    version: '1.2',
    releaseNotes: 'Initial release',
    migrations: { up: async () => {}, down: IMPOSSIBLE },
  }),
  other: [],
})
