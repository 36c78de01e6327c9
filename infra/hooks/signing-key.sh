#!/bin/sh
# azd preprovision hook: decides whether the Bicep creates the Key Vault secret signing-key, and tells it through
# FOLLOWUP_CREATE_SIGNING_KEY. The answer is true only when the environment's vault does not exist yet or Azure answers
# 404 for the secret, so a provision never replaces the key that links already sent were signed with. Any other
# failure stops the provision instead of guessing.
#
# It reads through Azure Resource Manager only (Reader is enough), so it also works before the deploying identity has
# any Key Vault data role.
set -eu

group="rg-${AZURE_ENV_NAME:?AZURE_ENV_NAME is not set}"
subscription="${AZURE_SUBSCRIPTION_ID:?AZURE_SUBSCRIPTION_ID is not set}"

group_exists="$(az group exists --name "$group" --subscription "$subscription")"
case "$group_exists" in
  true | false) ;;
  *)
    echo "signing-key: 'az group exists' answered '$group_exists'; stopping rather than guessing." >&2
    exit 1
    ;;
esac

create=true
if [ "$group_exists" = true ]; then
  vault_id="$(az keyvault list --resource-group "$group" --subscription "$subscription" --query "[?starts_with(name, 'kv-followup-')].id | [0]" --output tsv)"
  if [ -n "$vault_id" ]; then
    errors="$(mktemp)"
    trap 'rm -f "$errors"' EXIT
    if az rest --method get --url "${vault_id}/secrets/signing-key?api-version=2024-11-01" --output none 2>"$errors"; then
      create=false
    elif grep -q "Not Found(" "$errors"; then
      create=true
    else
      cat "$errors" >&2
      echo "signing-key: could not tell whether ${vault_id} holds signing-key; stopping rather than risk replacing it." >&2
      exit 1
    fi
  fi
fi

azd env set FOLLOWUP_CREATE_SIGNING_KEY "$create"
if [ "$create" = true ]; then
  echo "signing-key: the vault holds none; this provision creates it."
else
  echo "signing-key: the vault already holds it; this provision leaves it alone."
fi
