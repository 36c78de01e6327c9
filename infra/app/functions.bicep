// The Flex Consumption plan and the function app that hosts FollowUp.Functions. Everything the app reaches (storage,
// Key Vault, ACS, Application Insights) it reaches with the user-assigned identity; no key or connection secret is
// stored in its settings.

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app; its address is https://<name>.azurewebsites.net.')
param name string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan.')
param tags object

@description('The azd service this app hosts; azd finds the app by its azd-service-name tag.')
param serviceName string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Name of the storage account for AzureWebJobsStorage.')
param storageAccountName string

@description('Blob endpoint of that account.')
param storageBlobEndpoint string

@description('Container that receives the deployment package.')
param deploymentContainerName string

@description('Most instances the app may scale out to.')
param maximumInstanceCount int

@description('Memory of each instance in MB.')
param instanceMemoryMB int

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('The app\'s own settings (FollowUp__*, the profile\'s schedules and queue polling, FOLLOWUP_STEP_QUEUE and the sources\' secret settings).')
param appSettings object

@description('Client id of the Microsoft Entra app registration the dashboard\'s operators sign in with; empty for no sign-in.')
param signInClientId string = ''

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Set after the app exists, so that FollowUp__PublicBaseUrl can name the host name Azure gave it.
  resource settings 'config' = {
    name: 'appsettings'
    properties: union(appSettings, {
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
      FollowUp__PublicBaseUrl: 'https://${app.properties.defaultHostName}'
      FOLLOWUP_RETENTION_SCHEDULE: '0 17 3 * * *'
    })
  }
}

// Sign-in for the dashboard (docs/dashboard-sign-in.md). App Service Authentication signs operators in with Microsoft
// Entra ID and passes who they are in the X-MS-CLIENT-PRINCIPAL headers, which it strips from callers' requests. Every
// request is still let through unauthenticated, because provider webhooks, forms, unsubscribe links and the keyed API
// have no one to sign in; the dashboard's own code admits only the allowed operators. Without a client secret Easy
// Auth asks for an ID token alone, which is all the dashboard reads, so no secret is stored and none expires.
resource signIn 'Microsoft.Web/sites/config@2024-11-01' = if (!empty(signInClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: signInClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            signInClientId
            'api://${signInClientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

// Deployments go through the storage container with the identity (azd deploy uses Microsoft Entra ID too), so the
// SCM and FTP endpoints need no user name and password: basic authentication is off on both.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
output signInRedirectUri string = 'https://${app.properties.defaultHostName}/.auth/login/aad/callback'
