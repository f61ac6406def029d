"""For the people who plan: ``wegweiser bericht``, the network's report of gaps in provision, review and
translation backlogs and changes since a date (HTML with inline SVG, CSV, PDF)."""
