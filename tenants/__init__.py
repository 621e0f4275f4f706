"""The collective as a tenant: its model, domains, provisioning and routing."""
