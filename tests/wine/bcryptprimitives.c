/* A stand-in for Windows' bcryptprimitives.dll, for running the Windows binary under Wine 8 (Debian
 * 12's), which lacks it. Rust's standard library (1.78 and later) takes its randomness from
 * ProcessPrng in that DLL; every Windows 10 and later has it, and Wine 9 added it. The test
 * `tests/e2e/dist.rs` compiles this with `zig cc` next to the unpacked binary. It is never shipped.
 */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 as SystemFunction036 */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG piece = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, piece))
            return FALSE;
        data += piece;
        length -= piece;
    }
    return TRUE;
}
