import { setupManifest } from '@start9labs/start-sdk'

export const manifest = setupManifest({
  id: 'pages',
  title: 'Pages',
  images: {
    pages: {
      source: { dockerTag: 'nginx:1.27.3-alpine' },
      arch: ['x86_64', 'aarch64'],
    },
  },
  volumes: ['main'],
})
