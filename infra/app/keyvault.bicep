// The vault for the app's secrets: the signing key, the Twilio auth token and the sources' signing secrets. The app
// reads them through Key Vault references with its identity (Key Vault Secrets User); the vault uses Azure RBAC only.
// Purge protection is on: a deleted vault or secret stays recoverable for the retention period and nobody can purge it
// sooner, which Azure does not let anyone turn off again.

@description('Name of the vault (3-24 letters, digits and dashes, globally unique).')
param name string

@description('Azure region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Principal id of the app identity, allowed to read secrets.')
param appPrincipalId string

@description('Principal id of the person deploying, allowed to set secrets (for the sources\' secrets); empty for none.')
param operatorPrincipalId string

@description('Secrets to write, as a map from secret name to value; an empty value leaves the vault\'s secret as it is.')
@secure()
param secrets object

@description('Whether to create the signing-key secret. True only when the vault has none (the preprovision hook checks); the secret is never overwritten.')
param createSigningKeySecret bool

@description('Value of a new signing-key secret; used only when createSigningKeySecret is true.')
@secure()
param signingKey string

var roles = {
  secretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  secretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource written 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [
  for secret in items(secrets): if (!empty(secret.value)) {
    parent: vault
    name: secret.key
    properties: {
      value: secret.value
    }
  }
]

// Links already sent carry tokens signed with this key, so a deployment must never replace it: rotation adds a key
// beside it instead (see docs/deploy.md).
resource signingKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (createSigningKeySecret) {
  parent: vault
  name: 'signing-key'
  properties: {
    value: signingKey
  }
}

resource appReads 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, roles.secretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.secretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource operatorWrites 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, roles.secretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.secretsOfficer)
    principalId: operatorPrincipalId
  }
}

output name string = vault.name
