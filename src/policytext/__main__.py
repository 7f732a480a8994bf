from policytext.cli import app

app()
