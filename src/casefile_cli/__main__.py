from casefile_cli.entry import main

main()
