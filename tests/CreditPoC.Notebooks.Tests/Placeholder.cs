namespace CreditPoC.Notebooks.Tests;
