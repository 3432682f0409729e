# Samabay: the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
TODAY ?=
# `make package` needs a region even with no AWS configuration; `make deploy` deploys there.
REGION ?= $(or $(AWS_REGION),$(AWS_DEFAULT_REGION),ap-southeast-1)
STAGE ?= prod
STACK ?= samabay-$(STAGE)
CHECKOV_VENV := .venv-checkov
# make deploy's parameters (empty: the stack's previous value, or the template's default)
ALARM_EMAIL ?=
BKASH_IPN_TOPIC_ARN ?=
BKASH_SECRET_NAME ?=
SMS_SENDER_ID ?=
VISIT_SAMPLE_RATE ?=
SMS_MONTHLY_LIMIT_USD ?=
PARAMETERS := $(strip $(if $(ALARM_EMAIL),AlarmEmail=$(ALARM_EMAIL)) \
	$(if $(BKASH_IPN_TOPIC_ARN),BkashIpnTopicArn=$(BKASH_IPN_TOPIC_ARN)) \
	$(if $(BKASH_SECRET_NAME),BkashSecretName=$(BKASH_SECRET_NAME)) \
	$(if $(SMS_SENDER_ID),SmsSenderId=$(SMS_SENDER_ID)) \
	$(if $(VISIT_SAMPLE_RATE),VisitSampleRate=$(VISIT_SAMPLE_RATE)) \
	$(if $(SMS_MONTHLY_LIMIT_USD),SmsMonthlyLimitUsd=$(SMS_MONTHLY_LIMIT_USD)))

.PHONY: run test unit scan bench cost browser package lint deploy clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "pip>=23,<26.3"  # chalice 1.34 needs pip < 26.3
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# checkov pins an older boto3 than the app's: it gets a virtualenv of its own
$(CHECKOV_VENV)/.installed: requirements-checkov.txt
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet -r requirements-checkov.txt
	touch $@

## make run: local stack (moto + chalice local), demo data, site and API URLs
run: $(VENV)/.installed
	$(PY) -m local.stack

## make test: every suite (unit, integration, end to end with Chromium)
test: $(VENV)/.installed $(CHECKOV_VENV)/.installed browser
	$(PY) -m pytest

## make unit: only the fast suites (no running stack, no browser)
unit: $(VENV)/.installed
	$(PY) -m pytest tests/unit tests/integration

## make scan TODAY=YYYY-MM-DD: run the daily scan once against the running `make run` stack
scan: $(VENV)/.installed
	@$(PY) -m local.scan --today "$(TODAY)"

## make bench: benchmark figures, one `name: value` per line
bench: $(VENV)/.installed
	$(PY) -m bench

## make cost: one month of AWS at 200,000 societies (measured figures x bench/prices-*.json), `name: value` lines
cost: $(VENV)/.installed
	@$(PY) -m bench.cost

## the browser the end-to-end tests drive (Debian chromium + a Bengali font)
browser:
	bash local/install-browser.sh

## make package: the deployable CloudFormation template in out/ (cfn-lint with AWS's serverless rules)
package: $(VENV)/.installed
	rm -rf out && AWS_DEFAULT_REGION=$(REGION) $(VENV)/bin/chalice package --pkg-format cloudformation \
		--merge-template infra/resources.json out
	$(VENV)/bin/cfn-lint -a cfn_lint_serverless.rules -t out/sam.json

## make lint: package, then checkov over the template
lint: package $(CHECKOV_VENV)/.installed
	$(CHECKOV_VENV)/bin/checkov -f out/sam.json --framework cloudformation --compact --quiet --skip-download

## make deploy STAGE=prod ARTIFACTS_BUCKET=... [ALARM_EMAIL=... BKASH_IPN_TOPIC_ARN=... ...]: package and deploy
deploy: package
	@test -n "$(ARTIFACTS_BUCKET)" || { echo "ARTIFACTS_BUCKET=<an S3 bucket in $(REGION) for the code and template> is required"; exit 2; }
	@command -v aws >/dev/null || { echo "the AWS CLI (aws) is required"; exit 2; }
	aws cloudformation package --region $(REGION) --template-file out/sam.json --s3-bucket $(ARTIFACTS_BUCKET) \
		--s3-prefix $(STACK) --output-template-file out/packaged.json
	aws cloudformation deploy --region $(REGION) --template-file out/packaged.json --s3-bucket $(ARTIFACTS_BUCKET) \
		--s3-prefix $(STACK) --stack-name $(STACK) --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
		--no-fail-on-empty-changeset $(if $(PARAMETERS),--parameter-overrides $(PARAMETERS))
	aws cloudformation describe-stacks --region $(REGION) --stack-name $(STACK) --query "Stacks[0].Outputs" --output table

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .local out .pytest_cache
