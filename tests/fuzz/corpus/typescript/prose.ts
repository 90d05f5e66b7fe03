/**
 * @deprecated since 2.0 — use `createStore`. The old name is scheduled for removal in v4.
 */
export const makeStore = () => ({})

// This will be removed in 3.0.0 once the legacy bridge ships; see the README.
export const bridge = 1
