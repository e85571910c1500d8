import sys

from framing.cli.main import main

sys.exit(main())
