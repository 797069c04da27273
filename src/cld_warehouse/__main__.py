from cld_warehouse.cli import main

raise SystemExit(main())
