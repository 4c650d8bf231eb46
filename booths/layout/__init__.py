"""Booth layout: halls, zones and booths, their adjacency, imports, edits and floor plans.

The lowest of the three booth domains: it knows nothing of applications or allocation. Who holds
a booth reaches its plans through `booths.layout.occupancy`, which the applications domain fills.
"""
