import sys

from symbench.cli import main

sys.exit(main())
