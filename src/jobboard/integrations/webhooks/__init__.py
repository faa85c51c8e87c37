"""Outbound webhooks: endpoints per company, signed deliveries, attempts and redelivery."""
