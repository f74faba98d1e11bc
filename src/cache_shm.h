/* The host-wide cache segment: one anonymous shared mapping made at module startup
 * (before the SAPI forks its workers), a boundary-tag allocator inside it, and one
 * robust process-shared mutex guarding both. Plain C (no Zend headers).
 *
 * Invariants:
 * - The mapping is MAP_SHARED | MAP_ANONYMOUS: no file, no key, no name; only
 *   processes forked from the one that made it (and its threads) can reach it, at
 *   the same address, so pointers into the segment mean the same in all of them.
 *   Nothing in the segment points into a process's private memory.
 * - Every allocator call and every change to what lives in the segment happens
 *   with the mutex held.
 * - A holder that dies (SIGKILL, _exit at a hard timeout) leaves the mutex in
 *   EOWNERDEAD: the next locker learns it from lyger_shm_lock() (1), and must put
 *   the segment back into a consistent state before lyger_shm_consistent(): by
 *   walking what it holds and undoing what the intent word names (the store's
 *   src/cache_repair.c), or by emptying it (lyger_shm_reset()). */
#ifndef LYGER_CACHE_SHM_H
#define LYGER_CACHE_SHM_H

#include <stddef.h>
#include <stdint.h>

typedef struct lyger_shm lyger_shm;

/* A new segment of about size bytes, at most LYGER_SHM_MAX (NULL with errno on
 * failure). Pages are touched only as they are used. */
#define LYGER_SHM_MAX ((size_t) 32 << 30) /* the store's 32-bit entry references count 8-byte units */
lyger_shm *lyger_shm_create(size_t size);
/* The same heap in a private mapping (a process's own cache store: a forked child
 * gets a copy-on-write copy, as of any other memory). Its lock is never made: only
 * the allocator calls are for it. */
lyger_shm *lyger_shm_create_private(size_t size);
void lyger_shm_destroy(lyger_shm *seg);
size_t lyger_shm_size(const lyger_shm *seg);

/* 0: locked; 1: locked, and the previous holder died holding it (repair, then
 * lyger_shm_consistent); -1: the lock is unusable (not locked). */
int lyger_shm_lock(lyger_shm *seg);
void lyger_shm_consistent(lyger_shm *seg);
void lyger_shm_unlock(lyger_shm *seg);
/* How many times a dead holder's lock was repaired, and how many of those repairs
 * emptied the segment (its user counts them). */
uint64_t lyger_shm_repairs(const lyger_shm *seg);
void lyger_shm_count_emptied(lyger_shm *seg);
uint64_t lyger_shm_emptied(const lyger_shm *seg);
/* A word the holder sets before a change that a death part-way through would leave
 * half made, naming it, so that the next holder after a death knows what to undo.
 * Its meaning is the segment user's; lyger_shm_unlock() sets it back to 0 (nothing
 * under way), and a repairer reads it after lyger_shm_lock() returned 1. Its address
 * is constant for the segment's life: callers keep it. */
uint64_t *lyger_shm_intent(lyger_shm *seg);

/* 8-byte aligned blocks, under the lock. NULL when no free block is large enough. */
void *lyger_shm_alloc(lyger_shm *seg, size_t size);
void lyger_shm_free(lyger_shm *seg, void *p);
/* Forgets every allocation: the heap becomes one free block, root NULL. */
void lyger_shm_reset(lyger_shm *seg);

/* Lock-free reading (through a view, below). Every lock holder makes the sequence
 * counter odd when it takes the lock and even again when it lets go (after its last
 * write), so a reader that saw the same even value before and after reading saw no
 * write. A reader must check every pointer it follows lies in the heap (the bounds):
 * what it reads may be half-written garbage until it is validated. */
/* The heap's bounds as addresses, constant for the segment's life: a reader takes
 * them once and checks inline (p >= lo, p + len <= hi), cheaper than a call per
 * pointer on a get that waits on memory anyway. */
void lyger_shm_bounds(const lyger_shm *seg, uintptr_t *lo, uintptr_t *hi);

/* What a lock-free reader uses of the segment, all constant for its life, taken once
 * (lyger_shm_view_of) so that a get reaches each with a load instead of a call: the
 * segment's start, the sequence counter, the root pointer, the heap's bounds, the
 * counter slots and the reference marks (below). */
typedef struct lyger_shm_slot lyger_shm_slot;
typedef struct {
    const char *base;   /* the segment's start, which the store's references count from */
    const uint64_t *seq;
    void *const *root;
    uintptr_t lo, hi;
    lyger_shm_slot *slots;
    uint8_t *marks;
} lyger_shm_view;
void lyger_shm_view_of(lyger_shm *seg, lyger_shm_view *view);

/* The sequence value a lock-free read begins at (odd: a writer is busy). */
static inline uint64_t lyger_shm_view_begin(const lyger_shm_view *v)
{
    return __atomic_load_n(v->seq, __ATOMIC_ACQUIRE);
}

/* 1 when nothing changed since begin (an even value). */
static inline int lyger_shm_view_valid(const lyger_shm_view *v, uint64_t begin)
{
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return !(begin & 1) && __atomic_load_n(v->seq, __ATOMIC_RELAXED) == begin;
}

/* Memory in the header that no reset frees, which readers may write without the
 * lock: a byte map (reference marks) and per-process counter slots, each slot on
 * its own cache line. Slots are claimed and released under the lock. */
#define LYGER_SHM_MARKS 65536
#define LYGER_SHM_SLOTS 128
struct lyger_shm_slot {
    int32_t pid;        /* 0: free */
    uint32_t tag;       /* the claimer's (a namespace) */
    uint64_t hits, misses;
    uint32_t threads;   /* 1: the claimer's threads share the slot (atomic increments) */
    char pad[36];
};
uint8_t *lyger_shm_marks(lyger_shm *seg);
lyger_shm_slot *lyger_shm_slots(lyger_shm *seg);

/* One pointer the user of the segment keeps in its header (the store). */
void *lyger_shm_root(const lyger_shm *seg);
void lyger_shm_set_root(lyger_shm *seg, void *root);

/* Walks every block (under the lock): sizes, tags, free lists. 0 when consistent,
 * else a negative code naming the first broken invariant. */
int lyger_shm_check(lyger_shm *seg);
/* The same, also counting the blocks in use (used may be NULL). */
int lyger_shm_check_counted(lyger_shm *seg, size_t *used);
/* The payload bytes of the block in use whose payload starts at p; 0 when p is not
 * 8-aligned inside the heap, or the tag before it is not a used block's that ends
 * inside the heap. Reads only the 8 bytes before p: a walk of untrusted references
 * (a repair) calls it before it reads what p points at. */
size_t lyger_shm_block_room(const lyger_shm *seg, const void *p);
/* After a holder's death: when the blocks' tags still chain from the heap's start
 * to its end (each tag is written whole, so a death part-way through an allocation
 * or a free leaves them so), remakes everything else from them: the flags saying
 * whether the block before is in use, free neighbours merged, footers, free lists
 * and their bitmap (0). A block the dead holder had taken and not handed over, or
 * had begun to free, stays in use: the sweep below frees it. -1 when the tags do
 * not chain (nothing is changed). */
int lyger_shm_rebuild(lyger_shm *seg);
/* A repair's sweep, on a rebuilt heap: the user marks every block it still owns (p:
 * as lyger_shm_alloc returned it), then every other block in use (made by a holder
 * that died before linking it) is freed and the marks are cleared. Returns how many
 * marked blocks the walk met: fewer than were marked when a mark missed every block
 * start (a reference into freed memory). */
void lyger_shm_keep(lyger_shm *seg, void *p);
size_t lyger_shm_free_unkept(lyger_shm *seg);

#endif
