export const manifest = {
  id: 'bitcoind',
  images: { main: { source: { dockerTag: 'example/bitcoind:28.1' } } },
}
