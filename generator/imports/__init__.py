"""``wegweiser import``: entries from what others already keep (NRW school master data, OpenStreetMap, another
network's HSDS export), written in the hand-written style and never over an editor's change."""
