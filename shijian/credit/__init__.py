"""Credit supervision (信用监管): credit facts, credit lists, credit repair, risk classes."""
