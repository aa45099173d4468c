"""Write N synthetic raw dispatches in the scraped format of corpus/*.txt (tests/support/corpus.py).

    python benchmarks/generate_corpus.py 10000 /tmp/corpus-10k [--seed 0]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.corpus import main  # noqa: E402

if __name__ == "__main__":
    main()
