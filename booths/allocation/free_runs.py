"""An index of free runs along a line of cells: the leftmost run of k free cells in O(log n). Pure module.

The allocation engine lays each zone's booths out along a path and asks, thousands of times,
"where is the first stretch of k free booths?". Scanning the path each time is quadratic at
Canton-Fair scale (74,000 booths), so this keeps a segment tree where every node knows its
free prefix, free suffix and longest free run.
"""


class FreeRuns:
    """Cells 0..n-1, each free or taken; find and take runs of consecutive free cells."""

    def __init__(self, free: list[bool]):
        self.n = len(free)
        size = 1
        while size < max(1, self.n):
            size *= 2
        self.size = size
        self.free = list(free) + [False] * (size - self.n)
        self.length = [0] * (2 * size)
        self.prefix = [0] * (2 * size)
        self.suffix = [0] * (2 * size)
        self.best = [0] * (2 * size)
        for index, is_free in enumerate(self.free):
            node = size + index
            value = 1 if is_free else 0
            self.length[node] = 1
            self.prefix[node] = self.suffix[node] = self.best[node] = value
        for node in range(size - 1, 0, -1):
            self.length[node] = self.length[2 * node] * 2
            self._pull(node)
        self.free_count = sum(1 for is_free in free if is_free)

    def _pull(self, node: int) -> None:
        left, right = 2 * node, 2 * node + 1
        half = self.length[left]
        prefix, suffix = self.prefix, self.suffix
        prefix[node] = prefix[left] + prefix[right] if prefix[left] == half else prefix[left]
        suffix[node] = suffix[right] + suffix[left] if suffix[right] == half else suffix[right]
        self.best[node] = max(self.best[left], self.best[right], suffix[left] + prefix[right])

    def is_free(self, start: int, count: int) -> bool:
        """True if cells start..start+count-1 all exist and are free."""
        if start < 0 or start + count > self.n:
            return False
        return all(self.free[start:start + count])

    def take(self, start: int, count: int) -> None:
        """Mark cells start..start+count-1 as taken."""
        self._set(start, count, False)

    def release(self, start: int, count: int) -> None:
        """Mark cells start..start+count-1 as free again."""
        self._set(start, count, True)

    def _set(self, start: int, count: int, free: bool) -> None:
        parents = set()
        value = 1 if free else 0
        for index in range(start, start + count):
            if self.free[index] != free:
                self.free[index] = free
                self.free_count += 1 if free else -1
            node = self.size + index
            self.prefix[node] = self.suffix[node] = self.best[node] = value
            parents.add(node // 2)
        while parents and 0 not in parents:
            for node in sorted(parents):
                self._pull(node)
            parents = {node // 2 for node in parents if node > 1}

    def _descend(self, node: int, count: int) -> int:
        """The leftmost start of `count` free cells inside a node known to hold such a run."""
        while node < self.size:
            left, right = 2 * node, 2 * node + 1
            if self.best[left] >= count:
                node = left
            elif self.suffix[left] + self.prefix[right] >= count:
                return self._start(right) - self.suffix[left]
            else:
                node = right
        return node - self.size

    def _start(self, node: int) -> int:
        while node < self.size:
            node *= 2
        return node - self.size

    def first_fit(self, count: int, lowest: int = 0) -> int | None:
        """The leftmost start >= `lowest` of `count` consecutive free cells, or None."""
        if count <= 0 or lowest >= self.n or self.best[1] < count:
            return None
        # The nodes covering [lowest, size), left to right.
        left_nodes, right_nodes = [], []
        lo, hi = lowest + self.size, 2 * self.size
        while lo < hi:
            if lo & 1:
                left_nodes.append(lo)
                lo += 1
            if hi & 1:
                hi -= 1
                right_nodes.append(hi)
            lo //= 2
            hi //= 2
        running = 0  # free cells ending just before the current node
        for node in left_nodes + right_nodes[::-1]:
            if running + self.prefix[node] >= count:
                return self._start(node) - running
            if self.best[node] >= count:
                return self._descend(node, count)
            running = running + self.length[node] if self.suffix[node] == self.length[node] else self.suffix[node]
        return None
