from wegweiser.cli import main

raise SystemExit(main())
