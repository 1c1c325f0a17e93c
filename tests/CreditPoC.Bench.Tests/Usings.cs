global using CreditPoC.TestSupport;
