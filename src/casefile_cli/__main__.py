from casefile_cli.cli import main

main()
