from samsyn.cli import main

main()
