// Azure Communication Services Email: an Email service with an Azure-managed domain (*.azurecomm.net, ready at once)
// and, optionally, the business's own domain. The app sends with its identity, never with an access key.

@description('Name of the Communication Services resource.')
param name string

@description('Name of the Email Communication Services resource.')
param emailServiceName string

@description('Where ACS keeps its data at rest, such as United States or Europe.')
param dataLocation string

@description('Tags applied to the resources.')
param tags object

@description('The business\'s own sending domain (mail.acme.example); empty to send from the Azure-managed domain only.')
param customDomain string

@description('Whether the custom domain\'s DNS records are verified, so that it can be linked and sent from.')
param customDomainVerified bool

@description('Local part of the sender address on the custom domain.')
param senderUsername string

@description('Display name of the sender.')
param senderDisplayName string

@description('Principal id of the app identity, allowed to send email through the resource.')
param principalId string

// The built-in role that Microsoft documents for sending email with a Microsoft Entra identity.
var communicationAndEmailServiceOwner = '09976791-48a7-449e-bb21-39d1a415f350'
var useCustomDomain = !empty(customDomain) && customDomainVerified

resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }

  resource azureManaged 'domains' = {
    name: 'AzureManagedDomain'
    location: 'global'
    tags: tags
    properties: {
      domainManagement: 'AzureManaged'
      userEngagementTracking: 'Disabled'
    }
  }

  resource custom 'domains' = if (!empty(customDomain)) {
    name: empty(customDomain) ? 'none' : customDomain
    location: 'global'
    tags: tags
    properties: {
      domainManagement: 'CustomerManaged'
      userEngagementTracking: 'Disabled'
    }

    resource sender 'senderUsernames' = {
      name: senderUsername
      properties: {
        username: senderUsername
        displayName: senderDisplayName
      }
    }
  }
}

resource communication 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: useCustomDomain
      ? [emailService::azureManaged.id, emailService::custom.id]
      : [emailService::azureManaged.id]
  }
}

resource sends 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, principalId, communicationAndEmailServiceOwner)
  scope: communication
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', communicationAndEmailServiceOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// An Azure-managed domain sends only from DoNotReply; a custom domain from the sender username created above.
var senderAddress = useCustomDomain
  ? '${senderUsername}@${customDomain}'
  : 'DoNotReply@${emailService::azureManaged.properties.fromSenderDomain}'

output endpoint string = 'https://${communication.properties.hostName}'
output senderAddress string = senderAddress
output from string = '${senderDisplayName} <${senderAddress}>'
