from kinesis_tutor.cli import main

main()
