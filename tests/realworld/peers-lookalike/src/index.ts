// nothing to do with Peers packages: no definePackage, no "peers" settings
export function resolvePeers(peers: Record<string, string>) {
  return peers
}
