# Two commands do everything on a fresh Debian machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system-deps demo test lint samples model bench corpus bench-corpus clean

system-deps:
	@if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx vie \
	   || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] \
	   || [ ! -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ]; then \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    tesseract-ocr tesseract-ocr-vie fonts-dejavu-core fonts-freefont-ttf fonts-liberation2 poppler-utils >/dev/null; \
	fi

$(BIN)/cchc-extract: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

setup: system-deps $(BIN)/cchc-extract

demo: setup
	mkdir -p out
	$(BIN)/cchc-extract samples/pdf/plan_a_scanned.pdf -o out/plan_a_scanned.json
	$(BIN)/python -c "import json; d=json.load(open('out/plan_a_scanned.json')); \
	print(json.dumps(d['document'], ensure_ascii=False, indent=1)); \
	print(len(d['tasks']), 'tasks'); [print(' ', t['id'], '|', t['description'][:60], '|', t['lead'], '|', t['deadline']) for t in d['tasks']]"

lint: setup
	$(BIN)/ruff check cchc_extract cli.py tests scripts bench samples/make_samples.py
	$(BIN)/mypy cchc_extract cli.py tests scripts bench samples/make_samples.py

test: setup lint
	$(BIN)/python -m pytest -q

samples: setup
	$(BIN)/python samples/make_samples.py

# The language model (20 s) first: the channel's candidates and self-training use it. make_channel_data renders
# corpus text and reads it with Tesseract's English model (about 20 minutes on 2 cores; build/channel/, not in git).
model: setup
	$(BIN)/python scripts/build_restore_model.py
	$(BIN)/python scripts/make_channel_data.py
	$(BIN)/python scripts/build_channel_model.py --self-train samples/seeds/001_*.txt samples/seeds/002_*.txt \
	  samples/seeds/004_*.txt

# The table extractors measured side by side live in their own venv: img2table pins opencv-contrib.
PEERS := .venv-peers
$(PEERS)/bin/ocrmypdf:
	$(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/pip install -q img2table==2.0.0 camelot-py==2.0.0 ocrmypdf==17.13.0 tesserocr==2.13.0

bench: setup $(PEERS)/bin/ocrmypdf
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python bench/bench_gold.py
	$(BIN)/python bench/bench_seeds.py
	$(BIN)/python bench/bench_restore.py
	$(BIN)/python bench/bench_tables.py --peers-python $(PEERS)/bin/python
	$(BIN)/python bench/bench_cell_ocr.py --peers-python $(PEERS)/bin/python
	$(BIN)/python bench/bench_batch.py

# The corpus benchmark (bench/README.md): 42 plans printed in the Decree 30 layout and every form users hold them in
# (digital, three scans, phone photos, English- and Vietnamese-model OCR text, stripped text), into build/corpus/.
corpus: setup
	$(BIN)/python -m bench.corpus.build --jobs 2

bench-corpus: corpus
	$(BIN)/python bench/bench_corpus.py --jobs 2 --json build/bench/corpus.json

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
