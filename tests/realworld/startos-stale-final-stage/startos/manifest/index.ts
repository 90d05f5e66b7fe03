import { setupManifest } from '@start9labs/start-sdk'

export const manifest = setupManifest({
  id: 'ledger',
  title: 'Ledger',
  images: {
    main: {
      source: { dockerBuild: { dockerfile: './Dockerfile', workdir: '.' } },
      arch: ['x86_64'],
    },
  },
  volumes: ['main'],
})
