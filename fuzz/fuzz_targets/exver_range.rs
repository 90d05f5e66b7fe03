#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| manifest_lsp::fuzzing::exver_range(data));
