import { setupManifest, SDKImageInputSpec } from '@start9labs/start-sdk'

export const manifest = setupManifest({
  id: 'ln-node',
  title: 'LN Node',
  images: {
    main: {
      source: { dockerBuild: { dockerfile: './Dockerfile', workdir: '.' } },
      arch: ['x86_64', 'aarch64'],
    } as SDKImageInputSpec,
  },
  volumes: ['main'],
})
