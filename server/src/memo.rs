//! A value remembered in a shared map: computed once per key, outside the lock (the computation
//! may ask the same map for other keys).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

pub fn remembered<K, Q, V>(map: &Mutex<HashMap<K, V>>, key: &Q, compute: impl FnOnce() -> V) -> V
where
    K: Eq + Hash + std::borrow::Borrow<Q>,
    Q: Eq + Hash + ToOwned<Owned = K> + ?Sized,
    V: Clone,
{
    if let Some(known) = map.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
        return known.clone();
    }
    let value = compute();
    map.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key.to_owned(), value.clone());
    value
}
