// fuzz-sources: src/cache_shm.c
// fuzz-libs:
/* The segment's allocator under any sequence of allocations and frees: blocks never
 * overlap (each is filled with its own byte and checked before it is freed), stay
 * inside the segment and 8-byte aligned, the heap walk passes after every step, and
 * once everything is freed the heap is one free block again (a block of almost the
 * whole heap, less the header, fits). A reset mid-way forgets every block. */
#include <stdint.h>
#include <string.h>

#include "cache_shm.h"

#define SEGMENT (1024 * 1024)
#define SLOTS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static lyger_shm *seg;
    if (!seg) seg = lyger_shm_create(SEGMENT);
    if (!seg) __builtin_trap();
    lyger_shm_reset(seg);
    unsigned char *blocks[SLOTS] = {0};
    size_t sizes[SLOTS] = {0};
    for (size_t i = 0; i + 3 <= size; i += 3) {
        unsigned slot = data[i] % SLOTS;
        size_t want = ((size_t) data[i + 1] << 8 | data[i + 2]) % (SEGMENT / 4);
        if (data[i] == 0xFF) {
            lyger_shm_reset(seg);
            memset(blocks, 0, sizeof blocks);
            continue;
        }
        if (blocks[slot]) {
            for (size_t j = 0; j < sizes[slot]; j++) {
                if (blocks[slot][j] != (unsigned char) slot) __builtin_trap(); /* overwritten */
            }
            lyger_shm_free(seg, blocks[slot]);
            blocks[slot] = NULL;
        } else {
            unsigned char *p = lyger_shm_alloc(seg, want);
            if (p) {
                if ((uintptr_t) p % 8 || p < (unsigned char *) seg || p + want > (unsigned char *) seg + SEGMENT) {
                    __builtin_trap();
                }
                memset(p, (int) slot, want);
                blocks[slot] = p;
                sizes[slot] = want;
            }
        }
        if (lyger_shm_check(seg) != 0) __builtin_trap();
    }
    for (unsigned s = 0; s < SLOTS; s++) {
        if (blocks[s]) lyger_shm_free(seg, blocks[s]);
    }
    if (lyger_shm_check(seg) != 0) __builtin_trap();
    /* everything freed: the whole heap merged back (header and tags aside) */
    void *all = lyger_shm_alloc(seg, SEGMENT - 128 * 1024); /* (the header: ~74 KiB) */
    if (!all) __builtin_trap();
    lyger_shm_free(seg, all);
    return 0;
}
