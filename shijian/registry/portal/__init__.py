"""The public credit-publicity portal: entity pages, the credit report, the public API and change feed."""
